"""Desks: one ingest, a briefing for each audience (README, "Desks").

A desk (`[[desks]]` in briefing.toml, `config.DeskSettings`) is a view of the day: the same
summaries, themes and stories as the whole-day briefing, cut to what its readers follow.
What desks ask of an article (the places it names, its words) is computed once for all of
them (`DayIndex`); a desk only decides, story by story, whether the story is its own and
which of its points to show, and `compose` does the rest as for the whole day.

A story (the same event across outlets, `briefing/stories/`) is on a desk when

1. none of its articles names an `exclude` term (in its headline or text); then
2. one of its articles names a `watch` term: the story is kept whatever its themes and
   places, ranked first in its sections, and each point naming the term says so; or
3. one of its key points has one of the desk's `themes` (any point, when the desk lists
   none) and, if the desk lists `places`, the story is about one of them or a place within
   one (`PlaceIndex`: "Syria" covers Aleppo): a point the desk shows names it, or an
   article's headline or lead (its first sentence) does, or an article names the desk's
   places in at least two of its sentences. A passing mention is not enough: a place named
   once in the twelfth paragraph, in a list of coalition members (one sentence), or in a
   point the desk does not show (another theme's: one item of a news roundup).

Only the points of the desk's themes are shown, with only those themes, so each is filed
under the desk's own sections. On a place desk the story's first point names the place
that put it there, so the reader sees why the story is there: the first point shown that
names it, or, when none does, the first sentence that does, added (the headline, if only
the headline does). The points naming a watch term
are shown whatever their themes (in a last section, "Watch list", when they have none of
the desk's); when no key point names it, the first sentence of the story that does is
added as a point, likewise.

Why a story is on the desk (its theme, place or watch term) goes with it (`Story.why`),
shown with `themes.show_evidence`; `explain` says it, or why not, for any text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from types import MappingProxyType

from briefing.config import DeskSettings
from briefing.model import (
    HEADLINE,
    OTHER_THEME,
    Article,
    Briefing,
    KeyPoint,
    Summary,
    ThemeScore,
)

Classify = Callable[[Sequence[str]], list[tuple[ThemeScore, ...]]]

# An article naming one of a desk's places (or places within it) in this many of its
# sentences is about it, even if no headline, lead or point shown names one; one sentence
# is a passing mention, however many places it lists.
PLACE_SENTENCES = 2
REASONS_SHOWN = 3  # places a story's "why" names at most

_TOKEN = re.compile(r"\w+")
_WORD_CHARACTER = re.compile(r"\w")


# --- places --------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _name_pattern(name: str, exact: bool = True) -> re.Pattern[str]:
    """`name` as a whole word or phrase: not inside a longer word ("Syria" is not in
    "Syrian"), any run of spaces between its words; `exact`: in its case as written."""
    body = r"\s+".join(re.escape(part) for part in name.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", 0 if exact else re.IGNORECASE)


def _first_token(name: str) -> str:
    tokens = _TOKEN.findall(name)
    return tokens[0] if tokens else ""


@dataclass(frozen=True, eq=False)
class PlaceIndex:
    """Every place a desk may name and what lies within it: the gazetteer's places and
    organisations (`actors.gazetteer`, aliases included), `defaults/regions.txt` (which
    city is in which country, which country in which region) and a user's [places]."""

    canonical: Mapping[str, str]  # a name as written -> its canonical name
    kind: Mapping[str, str]  # a canonical name -> "place" or "organization"
    within: Mapping[str, tuple[str, ...]]  # a canonical place -> the places directly within

    @property
    def names(self) -> frozenset[str]:
        """Every place name a desk may list (canonical names, aliases, regions)."""
        return frozenset(n for n, c in self.canonical.items() if self.kind[c] == "place")

    @classmethod
    def load(cls, user_places: Mapping[str, Sequence[str]] | None = None) -> PlaceIndex:
        key = tuple((name, tuple(within)) for name, within in (user_places or {}).items())
        return _load_places(key)

    def covered(self, places: Iterable[str]) -> dict[str, str]:
        """Canonical place -> the given place that covers it: each place given and every
        place within it, however deep ("Middle East" -> Syria -> Aleppo)."""
        out: dict[str, str] = {}
        for place in places:
            todo = [self.canonical.get(place, place)]
            while todo:
                name = todo.pop()
                if name not in out:
                    out[name] = place
                    todo.extend(self.within.get(name, ()))
        return out

    def named(self, text: str, wanted: Collection[str] | None = None) -> Counter[str]:
        """The canonical places `text` names, and how often (only those in `wanted`, if
        given: the places some desk covers). See `PlaceFinder.named`."""
        return self.finder(frozenset(wanted) if wanted is not None else None).named(text)

    def finder(self, wanted: frozenset[str] | None = None) -> PlaceFinder:
        """What finds the `wanted` places (None: every place) in a text: their names, and
        the longer known names that contain one ("New Mexico" for Mexico)."""
        return _finder(self, wanted)


@lru_cache(maxsize=16)
def _finder(places: PlaceIndex, wanted: frozenset[str] | None) -> PlaceFinder:
    if wanted is None:
        chosen = set(places.canonical)
    else:
        own = [n for n, c in places.canonical.items() if c in wanted]
        chosen = set(own) | {n for n in places.canonical if " " in n
                             and any(o in n and o != n for o in own)}
    starting: dict[str, list[str]] = defaultdict(list)
    for name in chosen:
        if first := _first_token(name):
            starting[first].append(name)
    return PlaceFinder(places, wanted,
                       {k: tuple(sorted(v, key=len, reverse=True)) for k, v in starting.items()})


@dataclass(frozen=True, eq=False)
class PlaceFinder:
    """Finds some places (or all) in texts; made by `PlaceIndex.finder`."""

    places: PlaceIndex
    wanted: frozenset[str] | None
    starting: dict[str, tuple[str, ...]]  # a first word -> the names it starts, longest first

    def __post_init__(self) -> None:
        # the words that may start a name: any word in capitals A-Z, and the few names that
        # begin otherwise ("al-Qaeda", "Île-de-France"); the rest of a text is never looked at
        others = sorted(w for w in self.starting if not re.match(r"[A-Z0-9]", w))
        extra = "".join(f"|{re.escape(w)}(?!\\w)" for w in others)
        object.__setattr__(self, "_scan", re.compile(rf"(?<!\w)(?:[A-Z0-9]\w*{extra})"))

    def named(self, text: str) -> Counter[str]:
        """The canonical places `text` names, and how often.

        Where known names overlap, the longest wins: "New Mexico" is not Mexico, "Washington
        Post" is a newspaper (organisations are known names too, so they win their words).
        A place name that is part of a longer name the actors module reads as a person's
        ("Michael Jordan") is not a place. One pass over the text's capitalised words.
        """
        found: Counter[str] = Counter()
        taken = 0
        for word in self._scan.finditer(text):
            start = word.start()
            names = self.starting.get(word.group()) if start >= taken else None
            for name in names or ():  # longest first
                end = start + len(name)
                if not text.startswith(name, start) or (end < len(text) and
                                                        _WORD_CHARACTER.match(text, end)):
                    continue
                taken = end
                place = self.places.canonical[name]
                if (self.places.kind[place] == "place"
                        and (self.wanted is None or place in self.wanted)
                        and not _part_of_a_name(text, start, end, name)):
                    found[place] += 1
                break
        return found


@lru_cache(maxsize=8)
def _load_places(user: tuple[tuple[str, tuple[str, ...]], ...]) -> PlaceIndex:
    from briefing.actors import gazetteer

    canonical: dict[str, str] = {}
    kind: dict[str, str] = {}
    for name, (canon, what) in gazetteer().items():
        if what in ("place", "organization"):
            canonical[name] = canon
            kind.setdefault(canon, what)
    within: dict[str, list[str]] = defaultdict(list)

    def place(name: str) -> str:
        name = " ".join(name.split())
        if name not in canonical:
            canonical[name] = name
            kind[name] = "place"
        return canonical[name]

    text = resources.files("briefing").joinpath("defaults/regions.txt").read_text("utf-8")
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and ":" in line:
            parent, _, rest = line.partition(":")
            lines.append((parent, [n for n in rest.split("|") if n.strip()]))
    for parent, names in [*lines, *user]:
        outer = place(parent)
        for name in names:
            inner = place(name)
            if inner != outer and inner not in within[outer]:
                within[outer].append(inner)
    return PlaceIndex(
        canonical=MappingProxyType(canonical),
        kind=MappingProxyType(kind),
        within=MappingProxyType({k: tuple(v) for k, v in within.items()}),
    )


_NAME_WORD = re.compile(r"[A-Z][\w'’-]*")


def _part_of_a_name(text: str, start: int, end: int, name: str) -> bool:
    """Is the place name at text[start:end] part of a person's name ("Michael Jordan",
    "Captain America")? The run of capitalised words around it is read as the actors
    module reads a name (`actors.name_kind`: titles, the gazetteer, the name's shape).
    Organisations named after a place ("U.S. Congress", "Malaysia Airlines") are about it,
    and keep it; the gazetteer's own ("Washington Post") never reach here.
    """
    beside = ((start > 1 and text[start - 1] == " " and text[start - 2].isalpha())
              or text[end:end + 2][1:].isupper() and text[end:end + 1] == " ")
    if not beside:
        return False  # "in Syria", "Syria's", "Aleppo, on": no word joined to it
    from briefing.actors import common_word

    words = [name]
    left = text[max(0, start - 60):start]
    while len(words) < 4 and (m := re.search(r"\b([A-Z][\w'’-]*) $", left)):
        if common_word(m.group(1)):
            break
        words.insert(0, m.group(1))
        left = left[:m.start()]
    right = text[end:end + 60]
    while len(words) < 4 and (m := re.match(r" ([A-Z][\w'’-]*)", right)):
        if common_word(m.group(1)) or not _NAME_WORD.fullmatch(m.group(1)):
            break
        words.append(m.group(1))
        right = right[m.end():]
    return len(words) > 1 and _name_kind(" ".join(words)) == "person"


@lru_cache(maxsize=4096)
def _name_kind(name: str) -> str:
    """`actors.name_kind`, remembered: the same names ("U.S. President") recur all day."""
    from briefing.actors import name_kind

    return name_kind(name)


# --- watch and exclude terms ----------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A watch or exclude term and the names it is found by (the gazetteer's aliases of a
    known organisation or place: "Hayat Tahrir al-Sham" is found as "HTS" too)."""

    text: str
    forms: tuple[tuple[str, bool], ...]  # (name, matched in its case as written)

    @classmethod
    def of(cls, text: str, places: PlaceIndex | None = None) -> Term:
        text = " ".join(text.split())
        letters = [c for c in text if c.isalpha()]
        forms = [(text, bool(letters) and all(c.isupper() for c in letters))]
        canon = places.canonical.get(text) if places else None
        if places and canon:
            forms += [(n, True) for n, c in places.canonical.items() if c == canon and n != text]
        return cls(text, tuple(forms))

    def found_in(self, text: str) -> str | None:
        """The form of the term `text` names, or None. Its first word is looked for as a
        plain substring first (fast): most texts do not hold it at all."""
        lowered = None
        for form, exact in self.forms:
            first = form.split()[0]
            if exact:
                if first not in text:
                    continue
            else:
                lowered = text.lower() if lowered is None else lowered
                if first.lower() not in lowered:
                    continue
            if _name_pattern(form, exact).search(text):
                return form
        return None


# --- what desks ask of the day, computed once -----------------------------------------------


class DayIndex:
    """What desks ask of each article, computed once whatever the number of desks, and only
    when a desk first asks: the places its headline and its points name, the places each
    of its sentences names (only for a story on a desk's themes that no point shown
    settles), and the terms it names."""

    def __init__(self, places: PlaceIndex | None, wanted: Collection[str] | None = None
                 ) -> None:
        """`wanted`: the places any desk covers (None: all), the only ones looked for."""
        self.finder = (places.finder(frozenset(wanted) if wanted is not None else None)
                       if places is not None and (wanted is None or wanted) else None)
        self._named: dict[str, Counter[str]] = {}
        self._lead: dict[str, tuple[Counter[str], Counter[str]]] = {}
        self._text: dict[str, tuple[NamedSentence, ...]] = {}

    def places_in(self, text: str) -> Counter[str]:
        """The places a headline, a point or an article's text names, and how often (desks
        ask of the same points; a desk may show an article's points differently,
        briefing/follow.py, so they are remembered by their text)."""
        known = self._named.get(text)
        if known is None:
            known = self.finder.named(text) if self.finder is not None and text else Counter()
            self._named[text] = known
        return known

    def lead(self, summary: Summary) -> tuple[Counter[str], Counter[str]]:
        """The places the article's lead names: its first sentence with the dateline before
        it ("MANAMA, Bahrain -"), and its first sentence alone. Only the text up to it is
        cleaned and split."""
        article = summary.article
        known = self._lead.get(article.id)
        if known is None:
            known = (Counter(), Counter())
            if self.finder is not None and self.places_in(article.text):  # most name none
                from briefing.text import iter_sentences

                first = next(iter_sentences(article.text), "")
                if first:
                    known = (self.finder.named(_dateline(article.text, first) + first),
                             self.finder.named(first))
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

                known = tuple(NamedSentence(i, text, named)
                              for i, text in enumerate(sentences(article.text))
                              if (named := self.finder.named(text)))
            self._text[article.id] = known
        return known

    @staticmethod
    def names(summary: Summary, term: Term) -> str | None:
        """The form of `term` the article names in its headline or text, or None."""
        return term.found_in(summary.article.title) or term.found_in(summary.article.text)


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


# --- a desk ---------------------------------------------------------------------------------


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
           places: PlaceIndex | None, briefed: Collection[str] | None = None) -> Desk:
        """`taxonomy_themes`: the taxonomy's (id, label) in its order (config has checked
        that the desk's themes are among them); `briefed`: those the whole day briefs (the
        others are kinds of news it does not, like sport), what a desk that lists no
        themes covers. A desk that lists a kind of news briefs it."""
        labels = dict(taxonomy_themes)
        themes = (tuple((t, labels.get(t, t)) for t in settings.themes) if settings.themes
                  else tuple(t for t in taxonomy_themes if briefed is None or t[0] in briefed))
        covered = places.covered(settings.places) if places and settings.places else {}
        return cls(settings, themes, not settings.themes, covered,
                   tuple(Term.of(t, places) for t in settings.watch),
                   tuple(Term.of(t, places) for t in settings.exclude))


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
    shown = [p for s in story for p in s.key_points if shows(desk, p)]
    themes = tuple(t for t, _ in desk.themes if any(t in p.theme_ids for p in shown))
    places: dict[str, str] = {}
    point = None
    if desk.places and (shown or watched):
        for p in shown:
            own = _own_places(desk, day.places_in(p.text))
            if own and not places:
                point = PlacePoint(p.article_id, p.position)
            places.update(own)
        if not places:  # no point shown names one: is one of its articles about one?
            point = _about(desk, story, day, places)
    on_places = not desk.places or bool(places)
    return Verdict(bool(watched) or (bool(shown) and on_places), watched=watched,
                   themes=themes, places=tuple(places.items()),
                   place_point=None if watched else point)


def _own_places(desk: Desk, named: Iterable[str]) -> dict[str, str]:
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
        in_title = _own_places(desk, day.places_in(s.article.title))
        named = day.places_in(s.article.text)
        mentions = sum(named[p] for p in _own_places(desk, named))
        if not in_title and not mentions:
            continue  # its lead and sentences cannot name one
        lead, first = day.lead(s)
        if in_title or mentions >= PLACE_SENTENCES:  # the first sentence naming it is shown
            sentences = day.in_text(s)
        else:  # one mention: in the first sentence, or a passing one
            sentences = (NamedSentence(0, "", first),) if first else ()
        naming = [(n, own) for n in sentences if (own := _own_places(desk, n.places))]
        sentences_naming = Counter(g for _, own in naming for g in set(own.values()))
        about = {**in_title, **_own_places(desk, lead),
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
            kept = _with_watch_sentence(desk, kept, watch, classify)
            leads[key] = tuple((s.article.id, p.position) for s in kept for p in s.key_points
                               if p.watch)
        elif verdict.place_point:
            kept = _with_place_sentence(desk, story, kept, verdict, classify)
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
            points.append(replace(p, watch=marks) if marks else p)
            continue
        themes = tuple(t for t in p.themes if t.theme in wanted)
        if themes or marks:
            points.append(replace(p, themes=themes, watch=marks))
    return replace(summary, key_points=tuple(points))


def _with_watch_sentence(desk: Desk, story: list[Summary], watch: Sequence[Term],
                         classify: Classify | None) -> list[Summary]:
    """Add, for each watch term no shown point names, the first sentence naming it (the
    headline, if only the headline does), so the reader sees why the story is here."""
    from briefing.text import sentences

    shown = {t for s in story for p in s.key_points for t in p.watch}
    story = list(story)
    for term in watch:
        if term.text in shown:
            continue
        for k, s in enumerate(story):
            if not term.found_in(s.article.title + "\n" + s.article.text):
                continue
            texts = sentences(s.article.text)
            position = next((i for i, t in enumerate(texts) if term.found_in(t)), HEADLINE)
            if any(p.position == position for p in s.key_points):
                break
            point = _sentence_point(s.article, position, texts)
            themes: tuple[ThemeScore, ...] = classify([point.text])[0] if classify else ()
            if not desk.all_themes:
                themes = tuple(t for t in themes if t.theme in desk.theme_ids)
            point = replace(point, themes=themes, watch=_watch_marks(point.text, watch))
            story[k] = _with_point(s, point)
            shown.update(point.watch)
            break
    return story


def _with_place_sentence(desk: Desk, story: Sequence[Summary], kept: list[Summary],
                         verdict: Verdict, classify: Classify | None) -> list[Summary]:
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
        point = _sentence_point(story[k].article, wanted.position,
                                sentences(story[k].article.text))
    theirs = list(dict.fromkeys(t.theme for s in kept for p in s.key_points for t in p.themes))
    given = classify([point.text])[0] if classify else ()
    themes = tuple(t for t in given if t.theme in theirs)
    if not themes and theirs:
        themes = (ThemeScore(theirs[0], 0.0, (f"names {verdict.places[0][0]}, why the story is "
                                              "on the desk: shown with its points",)),)
    shown = replace(point, themes=themes, watch=())
    kept[k] = replace(kept[k], key_points=(shown, *kept[k].key_points))
    return [kept[k], *kept[:k], *kept[k + 1:]]


def _sentence_point(article: Article, position: int, texts: Sequence[str]) -> KeyPoint:
    """The article's sentence at `position` (`texts`: its sentences, `text.sentences`) as a
    key point, traceable like the summarizer's (`KeyPoint.spans`); the headline at
    HEADLINE."""
    if position == HEADLINE:
        return KeyPoint(article.id, article.title, HEADLINE, 0.0)
    start = sum(len(t) + 1 for t in texts[:position])  # offsets into `text.sentence_lines`
    return KeyPoint(article.id, texts[position], position, 0.0,
                    spans=((start, start + len(texts[position])),))


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


# --- explain ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    """`desks explain`: would a text make the desk's briefing, and why (or why not)."""

    verdict: Verdict
    lines: tuple[str, ...]


def explain(desk: Desk, text: str, classify: Classify, places: PlaceIndex | None
            ) -> Explanation:
    """The text taken as one article whose one key point is the whole text (as `classify`
    reads it), judged as a story of its own."""
    themes = classify([text])[0]
    point = KeyPoint("text", text, 0, 1.0, themes)
    summary = Summary(Article(id="text", title="", text=text), (point,), 1)
    verdict = judge(desk, [summary], DayIndex(places))
    labels = dict(desk.themes)
    lines = []
    if verdict.excluded_by:
        lines.append(f"- exclude: names {verdict.excluded_by!r}, which drops a story "
                     "whatever else it names")
    elif desk.exclude:
        lines.append(f"  exclude: names none of {_listed(t.text for t in desk.exclude)}")
    if verdict.watched:
        lines.append(f"+ watch: names {_listed(verdict.watched)}: kept and ranked first")
    elif desk.watch:
        lines.append(f"  watch: names none of {_listed(t.text for t in desk.watch)}")
    given = ", ".join(f"{t.theme} {t.score:.2f}" for t in themes) or "none"
    if desk.all_themes:
        lines.append(f"+ themes: any (the desk lists none); the text's: {given}")
    elif verdict.themes:
        lines.append(f"+ themes: {_listed(labels[t] for t in verdict.themes)} "
                     f"(the text's: {given})")
    else:
        lines.append(f"- themes: none of the desk's ({', '.join(labels.values())}); the "
                     f"text's: {given}")
    if desk.places:
        # places are weighed only for a text on the desk's themes; named, they are said
        covered = verdict.places or tuple(_own_places(desk, places.named(text)).items()
                                          if places else ())
        if covered:
            named = [n + (f" (in {g})" if g != n else "") for n, g in covered]
            lines.append(f"+ places: names {_listed(named)}")
        else:
            others = sorted(places.named(text)) if places else []
            also = f"; it names {_listed(others)}" if others else "; it names no known place"
            lines.append(f"- places: names none of {_listed(desk.settings.places)} or the "
                         f"places within{also}")
    else:
        lines.append("+ places: anywhere (the desk lists none)")
    return Explanation(verdict, tuple(lines))


def _listed(items: Iterable[str]) -> str:
    return ", ".join(items)
