"""A desk: whether a story is its own (`judge`), which points it shows (`select`), and
the desk's briefing annotated with why each story is on it (`annotate`)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from briefing.desks.day import Classify, DayIndex, NamedSentence, sentence_point
from briefing.desks.places import PlaceIndex, Term
from briefing.model import (
    HEADLINE,
    OTHER_THEME,
    Briefing,
    KeyPoint,
    Summary,
    ThemeScore,
)

if TYPE_CHECKING:  # for its annotations only: config imports desks to check [[desks]]
    from briefing.config import DeskSettings

# An article naming one of a desk's places (or places within it) in this many of its
# sentences is about it, even if no headline, lead or point shown names one; one sentence
# is a passing mention, however many places it lists.
PLACE_SENTENCES = 2
REASONS_SHOWN = 3  # places a story's "why" names at most

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Desk:
    """A desk's settings made ready to match: its themes with their labels, the places it
    covers, its terms."""

    settings: DeskSettings
    themes: tuple[tuple[str, str], ...]  # (id, label), in the desk's order
    all_themes: bool  # the desk listed none: every theme, and "Other developments"
    places: Mapping[str, str]  # canonical place -> the desk's place covering it; {}: anywhere
    watch: tuple[Term, ...]
    exclude: tuple[Term, ...]
    left_out: frozenset[str] = frozenset()  # kinds of news its briefing leaves out (sport)

    @property
    def id(self) -> str:
        return self.settings.id

    @property
    def title(self) -> str:
        return self.settings.title

    @cached_property
    def theme_ids(self) -> frozenset[str]:
        return frozenset(t for t, _ in self.themes)

    @classmethod
    def of(cls, settings: DeskSettings, taxonomy_themes: Sequence[tuple[str, str]],
           places: PlaceIndex | None, *, briefed: Collection[str]) -> Desk:
        """`taxonomy_themes`: the taxonomy's (id, label) in its order (config has checked
        that the desk's themes are among them); `briefed`: those the whole day briefs (the
        others are kinds of news it does not, like sport), what a desk that lists no
        themes covers. A desk that lists a kind of news briefs it. `briefed` has no
        default: `desks explain` once left it out and put football on a desk that lists no
        themes, which the desk's briefing leaves out."""
        labels = dict(taxonomy_themes)
        themes = (tuple((t, labels.get(t, t)) for t in settings.themes) if settings.themes
                  else tuple(t for t in taxonomy_themes if t[0] in briefed))
        covered = places.covered(settings.places) if places and settings.places else {}
        listed = {t for t, _ in themes}
        left_out = frozenset(t for t, _ in taxonomy_themes if t not in briefed and t not in listed)
        return cls(settings, themes, not settings.themes, covered,
                   tuple(Term.of(t, places) for t in settings.watch),
                   tuple(Term.of(t, places) for t in settings.exclude), left_out)


def place_index_for(desks: Sequence[DeskSettings], user_places: Mapping[str, Sequence[str]]
                    ) -> PlaceIndex | None:
    """The place index, if a desk needs one (places, or terms that may be gazetteer names)."""
    if any(d.places or d.watch or d.exclude for d in desks):
        return PlaceIndex.load(user_places)
    return None


@dataclass(frozen=True)
class PlacePoint:
    """The point a place desk shows first in a story to say why the story is there: the
    first point it shows that names one of its places, or, when none does, the sentence
    (or headline) that does, added."""

    article_id: str
    position: int  # among the article's sentences, or HEADLINE


@dataclass(frozen=True)
class Verdict:
    """Whether a story is on a desk, and why (or why not)."""

    on_desk: bool
    excluded_by: str = ""  # the exclude term it names
    watched: tuple[str, ...] = ()  # the watch terms it names (as configured)
    themes: tuple[str, ...] = ()  # the desk's theme ids its points have
    places: tuple[tuple[str, str], ...] = ()  # (place named, the desk's place covering it)
    place_point: PlacePoint | None = None  # shown first: it names the place (not watched)

    def why(self, desk: Desk) -> tuple[str, ...]:
        """The reasons a reader is shown: "watch: Assad", "theme: Military action",
        "place: Aleppo (Syria)"."""
        labels = dict(desk.themes)

        def reason(kind: str, items: Sequence[str], plural: str) -> list[str]:
            return [f"{plural if len(items) > 1 else kind}: {', '.join(items)}"] if items else []

        places = [named + (f" ({given})" if given != named else "")
                  for named, given in self.places[:REASONS_SHOWN]]
        themes = [] if desk.all_themes else [labels.get(t, t) for t in self.themes]
        return tuple(reason("watch", self.watched, "watch") + reason("theme", themes, "themes")
                     + reason("place", places, "places"))


def shows(desk: Desk, point: KeyPoint) -> bool:
    """Is the point one the desk shows for its themes (any point, when it lists none)?"""
    return desk.all_themes or any(t in desk.theme_ids for t in point.theme_ids)


def judge(desk: Desk, story: Sequence[Summary], day: DayIndex) -> Verdict:
    """Is this story (its articles' summaries) on the desk? See the module docstring."""
    for term in desk.exclude:
        for s in story:
            if day.names(s, term):
                return Verdict(False, excluded_by=term.text)
    watched = tuple(t.text for t in desk.watch if any(day.names(s, t) for s in story))
    shown = [(s, p) for s in story for p in s.key_points if shows(desk, p)]
    themes = tuple(t for t, _ in desk.themes if any(t in p.theme_ids for _, p in shown))
    places: dict[str, str] = {}
    point = None
    if desk.places and (shown or watched):
        for s, p in shown:
            own = covered_places(desk, day.places_of(s, p.text))
            if own and not places:
                point = PlacePoint(p.article_id, p.position)
            places.update(own)
        if not places:  # no point shown names one: is one of its articles about one?
            point = _about(desk, story, day, places)
    on_places = not desk.places or bool(places)
    return Verdict(bool(watched) or (bool(shown) and on_places), watched=watched,
                   themes=themes, places=tuple(places.items()),
                   place_point=None if watched else point)


def covered_places(desk: Desk, named: Iterable[str]) -> dict[str, str]:
    """The places named that the desk covers: place -> the desk's place covering it."""
    return {p: desk.places[p] for p in named if p in desk.places}


def _about(desk: Desk, story: Sequence[Summary], day: DayIndex, places: dict[str, str]
           ) -> PlacePoint | None:
    """Fill `places` with the desk's places the story's articles are about: named in a
    headline, in a lead (the first sentence, or its dateline), or, one of the desk's places
    or places within it, in at least `PLACE_SENTENCES` sentences (a list naming Jordan and a
    sentence naming Iraq are two passing mentions, not a story about either). Returns the
    sentence to show for it (of the first article about them, the first sentence naming
    one of them or a place within the same place of the desk's; the headline if only the
    headline does), or None if no article is about them or only a dateline names them."""
    point = None
    for s in story:
        in_title = covered_places(desk, day.places_of(s, s.article.title))
        named = day.places_of(s, s.article.text)
        mentions = sum(named[p] for p in covered_places(desk, named))
        lead, first = day.lead(s)  # its dateline may be all that names one
        if not in_title and not mentions and not covered_places(desk, lead):
            continue  # its lead and sentences cannot name one
        if in_title or mentions >= PLACE_SENTENCES:  # the first sentence naming it is shown
            sentences = day.in_text(s)
        else:  # one mention: in the first sentence, or a passing one
            sentences = (NamedSentence(0, "", first),) if first else ()
        naming = [(n, own) for n in sentences if (own := covered_places(desk, n.places))]
        sentences_naming = Counter(g for _, own in naming for g in set(own.values()))
        about = {**in_title, **covered_places(desk, lead),
                 **{p: g for _, own in naming for p, g in own.items()
                    if sentences_naming[g] >= PLACE_SENTENCES}}
        if not about:
            continue  # passing mentions, at most
        places.update(about)
        if point is None:
            # the first sentence naming a place of the desk's it is about ("Syria", or
            # "Middle East" for the Arabian Gulf in a story datelined Manama)
            first = next((n for n, own in naming if set(own.values()) & set(about.values())),
                         None)
            if first is not None:
                point = PlacePoint(s.article.id, first.position)
            elif in_title:
                point = PlacePoint(s.article.id, HEADLINE)
    return point


@dataclass(frozen=True)
class DeskCut:
    """What a desk takes of the day: the input `compose` needs, and why each story is there."""

    summaries: list[Summary]  # the articles of its stories, their points cut to the desk
    story_keys: list[str]  # parallel to summaries
    first: frozenset[str]  # stories a watch term ranks first
    why: dict[str, tuple[str, ...]]  # story key -> reasons it is on the desk
    # story key -> the points (article id, position) that say why it is on the desk: the
    # place's or the watch terms'; compose shows them first, whatever its caps
    leads: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)


def select(desk: Desk, summaries: Sequence[Summary], story_keys: Sequence[str], day: DayIndex,
           classify: Classify | None = None) -> DeskCut:
    """The desk's stories out of the day's, with the points it shows (module docstring).

    `classify` themes a sentence added because it names a watch term or a place that no
    point shown names (the pipeline's classifier); without it, a watch term's sentence has
    no theme, and a place's has the theme of its story's points.
    """
    stories: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(story_keys):
        stories[key].append(i)
    cut: dict[int, Summary] = {}
    first: set[str] = set()
    why: dict[str, tuple[str, ...]] = {}
    leads: dict[str, tuple[tuple[str, int], ...]] = {}
    for key, members in stories.items():
        story = [summaries[i] for i in members]
        verdict = judge(desk, story, day)
        if not verdict.on_desk:
            continue
        watch = [t for t in desk.watch if t.text in verdict.watched]
        kept = [_cut_points(desk, s, watch) for s in story]
        if watch:
            first.add(key)
            kept = _with_watch_sentence(desk, kept, watch, day, classify)
            leads[key] = tuple((s.article.id, p.position) for s in kept for p in s.key_points
                               if p.watch)
        elif verdict.place_point:
            kept = _with_place_sentence(story, kept, verdict, day, classify)
            leads[key] = ((verdict.place_point.article_id, verdict.place_point.position),)
        cut.update(zip(members, kept, strict=True))
        why[key] = verdict.why(desk)
    order = sorted(cut)
    return DeskCut([cut[i] for i in order], [story_keys[i] for i in order], frozenset(first),
                   why, leads)


def _watch_marks(text: str, watch: Sequence[Term]) -> tuple[str, ...]:
    return tuple(t.text for t in watch if t.found_in(text))


def _cut_points(desk: Desk, summary: Summary, watch: Sequence[Term]) -> Summary:
    """The article's points the desk shows, with only the desk's themes; watch marks set."""
    wanted = {t for t, _ in desk.themes}
    points = []
    for p in summary.key_points:
        marks = _watch_marks(p.text, watch) if watch else ()
        if desk.all_themes:
            # a point naming a watch term is kept whatever its themes (README): one of a
            # kind of news the briefing leaves out (sport) keeps only its other themes, so
            # compose does not leave its article out as that kind
            if marks:
                p = replace(p, watch=marks, themes=tuple(
                    t for t in p.themes if t.theme not in desk.left_out))
            points.append(p)
            continue
        themes = tuple(t for t in p.themes if t.theme in wanted)
        if themes or marks:
            points.append(replace(p, themes=themes, watch=marks))
    return replace(summary, key_points=tuple(points))


def _with_watch_sentence(desk: Desk, story: list[Summary], watch: Sequence[Term],
                         day: DayIndex, classify: Classify | None) -> list[Summary]:
    """Add, for each watch term no shown point names, the first sentence naming it (the
    headline, if only the headline does), so the reader sees why the story is here."""
    shown = {t for s in story for p in s.key_points for t in p.watch}
    story = list(story)
    for term in watch:
        if term.text in shown:
            continue
        for k, s in enumerate(story):
            if not day.names(s, term):
                continue
            point = day.first_naming(s, term)
            if any(p.position == point.position for p in s.key_points):
                break
            themes = day.themes_of(point.text, classify) if classify else ()
            if not desk.all_themes:
                themes = tuple(t for t in themes if t.theme in desk.theme_ids)
            point = replace(point, themes=themes, watch=_watch_marks(point.text, watch))
            story[k] = _with_point(s, point)
            shown.update(point.watch)
            break
    return story


def _with_place_sentence(story: Sequence[Summary], kept: list[Summary], verdict: Verdict,
                         day: DayIndex, classify: Classify | None) -> list[Summary]:
    """The story's points led by the one naming the place that put it on the desk
    (`judge`), so the reader sees why the story is here: it is its article's first point,
    that article the story's first, and `DeskCut.leads` names it so that compose shows it
    first whatever its caps (a section shows only the first points of its last story, a
    story its first few: `compose.ComposeOptions`).

    A point the desk shows is moved there. A sentence no point shown names is added: filed
    with the story's points shown, under the theme of theirs the classifier gives it, or
    else under the theme of the first of them (a section of its own would show it apart
    from its story)."""
    from briefing.text import sentences

    wanted = verdict.place_point
    assert wanted is not None
    k = next(k for k, s in enumerate(story) if s.article.id == wanted.article_id)
    kept = list(kept)
    own = [p for p in kept[k].key_points if p.position == wanted.position]
    if own:
        rest = tuple(p for p in kept[k].key_points if p.position != wanted.position)
        kept[k] = replace(kept[k], key_points=(own[0], *rest))
        return [kept[k], *kept[:k], *kept[k + 1:]]
    # a point of the article's that the desk does not show (another theme's) is that
    # sentence made to stand alone: shown as it is
    point = next((p for p in story[k].key_points if p.position == wanted.position), None)
    if point is None:
        point = sentence_point(story[k].article, wanted.position,
                                sentences(story[k].article.text))
    theirs = list(dict.fromkeys(t.theme for s in kept for p in s.key_points for t in p.themes))
    given = day.themes_of(point.text, classify) if classify else ()
    themes = tuple(t for t in given if t.theme in theirs)
    if not themes and theirs:
        themes = (ThemeScore(theirs[0], 0.0, (f"names {verdict.places[0][0]}, why the story is "
                                              "on the desk: shown with its points",)),)
    shown = replace(point, themes=themes, watch=())
    kept[k] = replace(kept[k], key_points=(shown, *kept[k].key_points))
    return [kept[k], *kept[:k], *kept[k + 1:]]


def _with_point(summary: Summary, point: KeyPoint) -> Summary:
    points = sorted([*summary.key_points, point], key=lambda p: p.position)
    return replace(summary, key_points=tuple(points))


WATCH_SECTION = "Watch list"  # a themed desk's section of watched points outside its themes


def annotate(briefing: Briefing, desk: Desk, cut: DeskCut) -> Briefing:
    """The composed briefing as the desk's: its id, and why each story is on it. On a desk
    that lists its themes, the points with none of them are there only because they name
    a watch term: their section says so ("Watch list", not "Other developments")."""
    sections = tuple(
        replace(section, stories=tuple(replace(story, why=cut.why.get(story.id, ()))
                                       for story in section.stories),
                title=WATCH_SECTION if section.theme == OTHER_THEME and not desk.all_themes
                else section.title)
        for section in briefing.sections
    )
    return replace(briefing, sections=sections, desk=desk.id)
