"""The per-article stages, pure functions: an article summarized into key points and each
point themed, read with its article; the evidence for the points a briefing shows; a point
the text gave no theme filed by its source or its address."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from briefing.config import Config, ThemesSettings
from briefing.errors import ConfigError
from briefing.model import Article, Briefing, KeyPoint, Summary, ThemeScore
from briefing.text import MAX_POINT_CHARS

if TYPE_CHECKING:
    # imported when used: each costs `briefing --help` and `import briefing.pipeline` time
    from briefing.themes import Classifier, Taxonomy
    from briefing.themes.classifier import Explanation


def user_themes_file(config: Config) -> Path | None:
    """The user's taxonomy file, if any; a file named in config but missing is an error."""
    if not config.themes.file:
        return None
    path = config.resolve(config.themes.file)
    if path.is_file():
        return path
    if config.themes.file == ThemesSettings.file:  # the default name: optional
        return None
    if path.is_dir():
        raise ConfigError(f"themes.file = {config.themes.file!r}: {path} is a folder, not a "
                          "themes file")
    raise ConfigError(f"themes.file = {config.themes.file!r}: no such file ({path})")


def load_themes(config: Config) -> tuple[Taxonomy, Classifier]:
    """The taxonomy (shipped themes plus the user's file) and its classifier, which reads
    the news model `themes.news_model` names, or the shipped one."""
    from briefing.themes import Classifier, load_taxonomy
    from briefing.themes.news import load_user_model

    taxonomy = load_taxonomy(user_themes_file(config))
    if not config.themes.news_model:
        return taxonomy, Classifier.from_taxonomy(taxonomy)
    path = config.resolve(config.themes.news_model)
    news = load_user_model(path, "themes.news_model")
    missing = sorted({k for t in taxonomy.themes for k in t.kinds} - set(news.kinds))
    if missing:
        raise ConfigError(f"themes.news_model: {path} does not tell apart the kinds of news "
                          f"{', '.join(missing)}, which themes name (it knows: "
                          f"{', '.join(news.kinds)})")
    return taxonomy, Classifier(taxonomy, news=news)


THEME_RESERVE = 4  # runners-up the summarizer offers when a theme of the article is missing
THEME_EXTRA = 2  # at most this many points added so that every theme of an article is heard


def process_article(article: Article, classifier: Classifier, *, points: int | None, algorithm: str,
                    max_chars: int = MAX_POINT_CHARS) -> Summary:
    """Summarize one article and theme its key points. Pure: same input, same output.

    No key point is longer than `max_chars` characters (`summary.max_point_chars`).

    With an adaptive number of points, the best runner-up sentence of each theme that the
    chosen points miss is added (at most THEME_EXTRA): a briefing is read by theme, and an
    article about strikes *and* a statement should be heard in both sections.
    """
    from briefing.summarize import summarize

    reserve = THEME_RESERVE if points is None else 0
    summary = summarize(article, points=points, algorithm=algorithm, reserve=reserve,
                        max_chars=max_chars)
    runners = summary.runners_up
    themes = theme_points(article, [p.text for p in summary.key_points + runners], classifier)
    chosen = [replace(p, themes=t) for p, t in zip(summary.key_points, themes, strict=False)]
    heard = {t for p in chosen for t in p.theme_ids[:1]}
    added = 0
    for p, t in zip(runners, themes[len(chosen):], strict=True):
        if added < THEME_EXTRA and t and t[0].theme not in heard:
            chosen.append(replace(p, themes=t))
            heard.add(t[0].theme)
            added += 1
    chosen.sort(key=lambda p: p.position)
    return replace(summary, key_points=tuple(chosen), runners_up=())


REFILL_RESERVE = 6  # next sentences a developing story may say instead of what was briefed


def runners_up(article: Article, classifier: Classifier, *, algorithm: str) -> tuple[KeyPoint, ...]:
    """The summarizer's next choices for an article after its key points, best first, with
    their themes: what a developing story can say instead of what was already briefed
    (briefing/follow/)."""
    from briefing.summarize import summarize

    runners = summarize(article, points=None, algorithm=algorithm,
                        reserve=REFILL_RESERVE).runners_up
    themes = theme_points(article, [p.text for p in runners], classifier)
    return tuple(replace(p, themes=t) for p, t in zip(runners, themes, strict=True))


LEAD_WORDS = 60  # what decides whether an article is briefed at all: its title and opening


def article_lead(article: Article) -> str:
    """An article's title and opening words: what its classifier verdict rests on."""
    # split no further than needed: the rest of a long article is one piece, left off
    words = f"{article.title}. {article.text}".split(maxsplit=LEAD_WORDS)
    return " ".join(words[:LEAD_WORDS])


def read_split_stories(summaries: Sequence[Summary], story_keys: Sequence[str],
                       classifier: Classifier, unbriefed: Collection[str]
                       ) -> dict[str, str]:
    """The kind of news not briefed a story is ("" for none: it is briefed), read from the
    leads of all its articles together, for each article of a story whose articles read
    apart disagree; by article id.

    Four outlets' six-word headlines of one Fed speech are four guesses on too little
    evidence: read apart, three were culture; read together, they are the economy. A story
    whose articles agree keeps their verdict (compose counts them). The kind, not a yes or
    no, because a desk that lists it (health) briefs what the whole day leaves out."""
    from briefing.compose import unbriefed_kind

    stories: dict[str, list[Summary]] = {}
    for summary, key in zip(summaries, story_keys, strict=True):
        stories.setdefault(key, []).append(summary)
    out: dict[str, str] = {}
    for told in stories.values():
        if len({unbriefed_kind(s, unbriefed) is None for s in told}) < 2:
            continue
        together = " ".join(article_lead(s.article) for s in told)
        kind = classifier.classify_article(together, [], lead=together).unbriefed or ""
        out.update((s.article.id, kind) for s in told)
    return out


def themed_text(article: Article) -> str:
    """What the classifier reads an article's kind of news (and language) from: its title,
    then its text."""
    return f"{article.title}\n\n{article.text}"


def explain_point(article: Article, point: str, classifier: Classifier) -> Explanation:
    """Why `point` gets its themes as a point of `article`, read exactly as `theme_points`
    reads it in a build (`themes explain --article`)."""
    return classifier.explain_in_article(point, themed_text(article), lead=article_lead(article))


def filed_by_address(article: Article, taxonomy: Taxonomy, classifier: Classifier,
                     config: Config) -> tuple[str, str] | None:
    """(section, theme id) when a build files `article` by its address: none of its points
    got a theme from its text, and its address names one of the themes' `sections`
    (`with_source_themes`). What `themes explain --article` adds for such an article."""
    filed = section_theme(article.url, taxonomy.sections)
    if filed is None:
        return None
    summary = process_article(article, classifier, points=config.summary.points or None,
                              algorithm=config.summary.algorithm,
                              max_chars=config.summary.max_point_chars)
    return None if any(p.themes for p in summary.key_points) else filed


def theme_points(article: Article, texts: Sequence[str], classifier: Classifier
                 ) -> tuple[tuple[ThemeScore, ...], ...]:
    """The themes of points of `article` (their texts), each read with its article, their
    evidence not looked up yet (None): `explain_shown` looks it up for the points a
    briefing shows, a few of the day's many."""
    return classifier.classify_article(themed_text(article), texts,
                                       lead=article_lead(article), evidence=False).points


def explain_shown(briefing: Briefing, classifier: Classifier) -> Briefing:
    """The briefing with the evidence of its shown points' themes filled in, where the
    per-article stage left it out (`ThemeScore.evidence` is None): what the classifier
    gives each point read with its article, as if it had been looked up there.

    A day's points are many and a briefing shows few (`compose.points_per_section` per
    section), so this is where the evidence is cheapest to find.
    """
    shown = [p for section in briefing.sections for story in section.stories
             for p in (*story.key_points, *([story.lead] if story.lead else []))]
    # article id -> point text -> its themes still to explain (a dict: ordered, once each)
    wanted: dict[str, dict[str, dict[str, None]]] = {}
    for p in [*shown, *briefing.top_lines]:
        for t in p.themes:
            if t.evidence is None:
                wanted.setdefault(p.article_id, {}).setdefault(p.text, {})[t.theme] = None
    if not wanted:
        return briefing
    articles = {a.id: a for a in briefing.articles}
    found: dict[tuple[str, str, str], tuple[str, ...]] = {}  # (article, text, theme) -> why
    for article_id, texts in wanted.items():
        article = articles[article_id]
        points = [(text, list(themes)) for text, themes in texts.items()]
        said = classifier.explain_article(themed_text(article), points,
                                          lead=article_lead(article))
        for (text, themes), evidence in zip(points, said, strict=True):
            for theme, reasons in zip(themes, evidence, strict=True):
                found[(article_id, text, theme)] = reasons

    def filled(p: KeyPoint) -> KeyPoint:
        if all(t.evidence is not None for t in p.themes):
            return p
        return replace(p, themes=tuple(
            t if t.evidence is not None else
            replace(t, evidence=found[(p.article_id, p.text, t.theme)])
            for t in p.themes))

    sections = tuple(
        replace(section, stories=tuple(
            replace(story, key_points=tuple(map(filled, story.key_points)),
                    lead=filled(story.lead) if story.lead else None)
            for story in section.stories))
        for section in briefing.sections)
    return replace(briefing, sections=sections, top_lines=tuple(map(filled, briefing.top_lines)))


# The score of a theme taken from the source, not the text: 0, because the text itself gave
# the classifier no evidence for it (every theme the classifier gives is above a threshold
# of more than 0), so a point filed this way never looks surer than one the classifier themed.
SOURCE_THEME_SCORE = 0.0


def with_source_themes(
    summaries: Sequence[Summary], source_themes: Mapping[str, tuple[str, str]],
    sections: Mapping[str, str] | None = None,
) -> list[Summary]:
    """File under its source's theme each key point the classifier left without one.

    `source_themes` maps a source's key (`Article.via`) to its (name, theme id). Such a
    point would otherwise go to "Other developments"; a source that is mostly about one
    theme says where it belongs. Points the classifier themed are left as they are.

    Failing that, an article none of whose points has a theme is filed where its own
    address files it: `sections` maps a part of a news site's path to a theme id (the
    themes' `sections`: "culture" for …/life-style/culture/275582/favreau-goes…). A
    headline with no text of its own gives the models few words ("Favreau goes from Iron
    Man to stainless steel food truck" reads as no kind of news at all), while the site
    that published it said what it is; a theme the text gave is never overruled.
    """
    out = []
    for summary in summaries:
        hint = source_themes.get(summary.article.via)
        points = summary.key_points
        if hint is not None:
            name, theme = hint
            score = ThemeScore(theme, SOURCE_THEME_SCORE, (f"source {name!r} is about {theme}",))
            points = tuple(p if p.themes else replace(p, themes=(score,)) for p in points)
        filed = section_theme(summary.article.url, sections) if sections else None
        if filed is not None and points and not any(p.themes for p in points):
            part, theme = filed
            score = ThemeScore(theme, SOURCE_THEME_SCORE,
                               (f"its address files it under /{part}/",))
            points = tuple(replace(p, themes=(score,)) for p in points)
        out.append(summary if points is summary.key_points
                   else replace(summary, key_points=points))
    return out


# The last part of an address that is a section and an id, as BBC News writes them:
# /news/entertainment-arts-26512345, /news/technology-12345678.
_SECTION_AND_ID = re.compile(r"([a-z][a-z-]*[a-z])-\d{5,}")


def section_theme(url: str, sections: Mapping[str, str]) -> tuple[str, str] | None:
    """(section, theme id): the first part of `url`'s path that is one of `sections`, its
    last part (the article's own name) only as "<section>-<number>"; None for none."""
    try:
        parts = [p for p in urlsplit(url).path.lower().split("/") if p]
    except ValueError:  # a malformed address files nothing
        return None
    candidates = parts[:-1]
    if parts and (m := _SECTION_AND_ID.fullmatch(parts[-1])):
        candidates.append(m.group(1))
    for part in candidates:
        if part in sections:
            return part, sections[part]
    return None
