"""`desks explain`: would a text make a desk's briefing, and why (or why not)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from briefing.compose import unbriefed_kind
from briefing.desks.day import DayIndex
from briefing.desks.places import PlaceIndex
from briefing.desks.selection import Classify, Desk, Verdict, covered_places, judge
from briefing.model import Article, KeyPoint, Summary


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
    # as the desk's briefing does (compose): news of a kind it leaves out is left out,
    # whatever its places, unless it names a watch term
    left_out = unbriefed_kind(summary, desk.left_out)
    if left_out and not verdict.watched:
        verdict = replace(verdict, on_desk=False)
        lines.append(f"- kind of news: {left_out}, which the desk's briefing leaves out "
                     "(list it in the desk's themes to brief it)")
    if verdict.excluded_by:
        lines.append(f"- exclude: names {verdict.excluded_by!r}, which drops a story "
                     "whatever else it names")
    elif desk.exclude:
        lines.append(f"  exclude: names none of {_listed(t.text for t in desk.exclude)}")
    # judging stops at the exclude term: the watch terms the text names are looked up here
    overruled = [t.text for t in desk.watch if t.found_in(text)] if verdict.excluded_by else []
    if verdict.watched:
        lines.append(f"+ watch: names {_listed(verdict.watched)}: kept and ranked first")
    elif overruled:
        lines.append(f"- watch: names {_listed(overruled)}, but the exclude term drops the "
                     "story")
    elif desk.watch:
        lines.append(f"  watch: names none of {_listed(t.text for t in desk.watch)}")
    given = ", ".join(f"{t.theme} {t.score:.2f}" for t in themes) or "none"
    if desk.all_themes:
        lines.append(f"{'-' if left_out else '+'} themes: any the day briefs (the desk lists "
                     f"none); the text's: {given}")
    elif verdict.themes:
        lines.append(f"+ themes: {_listed(labels[t] for t in verdict.themes)} "
                     f"(the text's: {given})")
    else:
        lines.append(f"- themes: none of the desk's ({', '.join(labels.values())}); the "
                     f"text's: {given}")
    if desk.places:
        # places are weighed only for a text on the desk's themes; named, they are said
        covered = verdict.places or tuple(covered_places(desk, places.named(text)).items()
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
